#!/usr/bin/python3
"""Make real Django sessions and print Django's own verdict on each, as JSON lines.

Usage: generate_sessions.py --database URL [--use-tz 1|0] [--time-zone ZONE]

URL is sqlite:PATH, postgres://user@host:port/db or mysql://user@host:port/db (the database must exist
and be empty). The script writes a throw-away settings module into a temp dir (so Django sets TZ from
TIME_ZONE exactly as a real site does), migrates auth/contenttypes/sessions, creates users, groups and
permissions, logs users in through django.contrib.auth.login(), then asks django.contrib.auth.get_user()
about a request carrying each cookie. Every verdict runs inside a transaction that is rolled back, because
Django writes when it judges (it deletes the row on a hash mismatch, rotates it after a fallback-key match).

Output: one {"site": ...} line with the settings Parakeet must mirror, then one line per case:
  {"case", "engine", "legacy", "cookieHeader", "expected", "expectedNoFallbacks"}
expected is the verdict of a site with SECRET_KEY_FALLBACKS = [OLD_KEY]; expectedNoFallbacks of one
without. Django < 4.1 has no fallbacks, so there the first verdict is emulated by asking Django once per
key (new, then old) and keeping the first login: what 4.1.8+ does when signature and hash share a key.
A verdict is null (anonymous) or {"userId", "username", "groups", "permissions"} (sorted).
"""
import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from unittest import mock
from urllib.parse import unquote, urlsplit

SECRET_KEY = 'live-chat-fixture-secret-key-0123456789-not-for-production'
OLD_KEY = 'live-chat-fixture-OLD-secret-key-rotated-away-not-for-production'
MODEL = 'django.contrib.auth.backends.ModelBackend'
ALLOW_ALL = 'django.contrib.auth.backends.AllowAllUsersModelBackend'
BACKENDS = [MODEL, ALLOW_ALL]
DB_ENGINE = 'django.contrib.sessions.backends.db'
SIGNED = 'django.contrib.sessions.backends.signed_cookies'
COOKIE_AGE = 1209600


def database_settings(url):
    if url.startswith(('postgres://', 'postgresql://', 'mysql://', 'mariadb://')):
        u = urlsplit(url)
        engine = 'postgresql' if u.scheme.startswith('postgres') else 'mysql'
        db = {
            'ENGINE': 'django.db.backends.' + engine,
            'NAME': u.path.lstrip('/'),
            'USER': unquote(u.username or ''),
            'PASSWORD': unquote(u.password or ''),
            'HOST': u.hostname or '',
            'PORT': str(u.port or ''),
        }
        if engine == 'mysql':
            db['OPTIONS'] = {'charset': 'utf8mb4'}
        return db, engine
    path = url[len('sqlite:'):] if url.startswith('sqlite:') else url
    if path.startswith('//'):
        path = path[2:]
    return {'ENGINE': 'django.db.backends.sqlite3', 'NAME': path}, 'sqlite'


def write_settings(directory, db, use_tz, time_zone, native_fallbacks):
    lines = [
        'SECRET_KEY = %r' % SECRET_KEY,
        'INSTALLED_APPS = %r' % ['django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions'],
        'DATABASES = %r' % {'default': db},
        'AUTHENTICATION_BACKENDS = %r' % BACKENDS,
        'SESSION_ENGINE = %r' % DB_ENGINE,
        'SESSION_COOKIE_AGE = %d' % COOKIE_AGE,
        'USE_TZ = %r' % use_tz,
        'TIME_ZONE = %r' % time_zone,
        'DEFAULT_AUTO_FIELD = "django.db.models.AutoField"',
        # Fixture passwords only: the hasher choice does not change how the auth hash is derived.
        'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]',
        'CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}',
    ]
    if native_fallbacks:
        lines.append('SECRET_KEY_FALLBACKS = %r' % [OLD_KEY])
    with open(os.path.join(directory, 'parakeet_fixture_settings.py'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


class Rollback(Exception):
    def __init__(self, result):
        self.result = result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--database', required=True)
    parser.add_argument('--use-tz', default='1')
    parser.add_argument('--time-zone', default='UTC')
    args = parser.parse_args()
    use_tz = args.use_tz not in ('0', 'false', 'False')

    import django
    native_fallbacks = django.VERSION >= (4, 1, 8)
    db, dialect = database_settings(args.database)
    workdir = tempfile.mkdtemp(prefix='parakeet-django-settings-')
    atexit.register(shutil.rmtree, workdir, True)
    write_settings(workdir, db, use_tz, args.time_zone, native_fallbacks)
    sys.path.insert(0, workdir)
    os.environ['DJANGO_SETTINGS_MODULE'] = 'parakeet_fixture_settings'
    django.setup()

    from django.contrib.auth import get_user, login
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import transaction
    from django.test import RequestFactory, override_settings
    from django.utils import timezone
    from importlib import import_module

    call_command('migrate', verbosity=0, interactive=False)
    rf = RequestFactory()

    # Users, groups, permissions.
    chat = ContentType.objects.get_or_create(app_label='livechat', model='chat')[0]
    answer = Permission.objects.get_or_create(content_type=chat, codename='answer_chat', defaults={'name': 'Can answer chats'})[0]
    monitor_perm = Permission.objects.get_or_create(content_type=chat, codename='monitor_chat', defaults={'name': 'Can monitor chats'})[0]
    helpers = Group.objects.create(name='Live Chat helpers')
    helpers.permissions.add(answer)
    trainees = Group.objects.create(name='Live Chat trainees')

    def user(name, password='fixture-password', **fields):
        u = User(username=name, email=name + '@example.org', **fields)
        u.set_password(password)
        u.save()
        return u

    admin = user('admin', is_superuser=True, is_staff=True, first_name='Ada', last_name='Admin')
    helper = user('helper', first_name='Hel', last_name='Per')
    helper.groups.add(helpers)
    monitor = user('monitor')
    monitor.user_permissions.add(monitor_perm)
    trainee = user('trainee')
    trainee.groups.add(trainees)
    plain = user('plain')
    inactive = user('inactive', is_active=False)
    inactive.groups.add(helpers)
    doomed = user('deleted')
    carol = user('carol')
    dave = user('dave')
    sso = User(username='sso', email='sso@example.org')
    sso.set_unusable_password()
    sso.save()

    def store_for(engine):
        return import_module(engine).SessionStore()

    def log_in(u, backend=MODEL, engine=DB_ENGINE, extra=None, drop=(), settings=None):
        """Log u in the way a view does; returns the cookie value (the session key, or the signed session)."""
        with ExitStack() as stack:
            if settings:
                stack.enter_context(override_settings(**settings))
            store = store_for(engine)
            request = rf.get('/')
            request.session = store
            login(request, u, backend=backend)
        for k, v in (extra or {}).items():
            store[k] = v
        for k in drop:
            del store[k]
        with ExitStack() as stack:
            if settings:
                stack.enter_context(override_settings(**settings))
            store.save()
        return store.session_key

    def judge_once(header, engine, **settings):
        overrides = {'SESSION_ENGINE': engine, **settings}
        try:
            with override_settings(**overrides), transaction.atomic():
                request = rf.get('/', **({'HTTP_COOKIE': header} if header is not None else {}))
                SessionMiddleware(lambda r: None).process_request(request)
                u = get_user(request)
                result = None
                if u.is_authenticated:
                    result = {
                        'userId': str(u.pk),
                        'username': u.get_username(),
                        'groups': sorted(u.groups.values_list('name', flat=True)),
                        'permissions': sorted(u.get_all_permissions()),
                    }
                raise Rollback(result)
        except Rollback as r:
            return r.result
        except Exception:
            # Django answers this request with a 500 (e.g. a pickled session on 3.2): never a login.
            return None

    def judge(header, engine):
        if native_fallbacks:
            return judge_once(header, engine), judge_once(header, engine, SECRET_KEY_FALLBACKS=[])
        no_fallbacks = judge_once(header, engine)
        return no_fallbacks or judge_once(header, engine, SECRET_KEY=OLD_KEY), no_fallbacks

    cases = []

    def case(name, header, engine=DB_ENGINE, legacy=False):
        cases.append((name, header, engine, legacy))

    def cookie(value):
        return 'sessionid=' + value

    def set_row(key, **fields):
        Session.objects.filter(session_key=key).update(**fields)

    # Who is who.
    case('superuser', cookie(log_in(admin)))
    helper_key = log_in(helper)
    case('helper_by_group', cookie(helper_key))
    case('monitor_by_permission', cookie(log_in(monitor)))
    case('trainee', cookie(log_in(trainee)))
    case('plain_user', cookie(log_in(plain)))
    case('unusable_password', cookie(log_in(sso)))
    case('inactive_model_backend', cookie(log_in(inactive)))
    case('inactive_allow_all_backend', cookie(log_in(inactive, backend=ALLOW_ALL)))
    deleted_key = log_in(doomed)
    doomed.delete()
    case('deleted_user', cookie(deleted_key))
    stale = log_in(carol)
    carol.set_password('changed')
    carol.save()
    case('password_changed_stale', cookie(stale))
    case('password_changed_fresh', cookie(log_in(carol)))

    # Session rows.
    expired = log_in(helper)
    set_row(expired, expire_date=timezone.now() - timedelta(hours=1))
    case('expired', cookie(expired))
    soon = log_in(helper)
    set_row(soon, expire_date=timezone.now() + timedelta(hours=2))
    case('expires_in_two_hours', cookie(soon))
    late = log_in(helper)
    set_row(late, expire_date=timezone.now() - timedelta(hours=2))
    case('expired_two_hours_ago', cookie(late))
    tampered = log_in(monitor)
    data = Session.objects.get(session_key=tampered).session_data
    middle = len(data) // 3
    set_row(tampered, session_data=data[:middle] + ('A' if data[middle] != 'A' else 'B') + data[middle + 1:])
    case('tampered_signature', cookie(tampered))
    garbage = log_in(helper)
    set_row(garbage, session_data='garbage')
    case('garbage_session_data', cookie(garbage))
    anonymous = store_for(DB_ENGINE)
    anonymous['cart'] = [1, 2, 3]
    anonymous.save()
    case('anonymous_session', cookie(anonymous.session_key))
    case('unlisted_backend', cookie(log_in(helper, backend='evil.backends.TrustMeBackend')))
    case('missing_auth_hash', cookie(log_in(helper, drop=['_auth_user_hash'])))
    case('numeric_user_id', cookie(log_in(helper, extra={'_auth_user_id': helper.pk})))
    case('big_compressed_session', cookie(log_in(plain, extra={'history': ['page %d' % i for i in range(500)]})))
    # Django only compresses when that saves bytes; its decoder takes both, so write one uncompressed.
    from django.core import signing
    raw = log_in(helper)
    store = store_for(DB_ENGINE).__class__(session_key=raw)
    set_row(raw, session_data=signing.dumps(store.load(), salt=store.key_salt, compress=False))
    case('uncompressed_login', cookie(raw))
    case('rotated_key', cookie(log_in(monitor, settings={'SECRET_KEY': OLD_KEY})))
    case('other_site_key', cookie(log_in(monitor, settings={'SECRET_KEY': 'some-other-site-entirely-0123456789'})))

    # The cookie header, parsed as Django parses it.
    case('no_cookie_header', None)
    case('other_cookies_only', 'csrftoken=abc; theme=dark')
    case('empty_value', 'sessionid=')
    case('short_key', 'sessionid=abc')
    case('key_too_long', cookie(helper_key + 'a' * 9))
    case('garbage_value', 'sessionid=<script>alert(1)</script>')
    case('quoted_value', 'sessionid="%s"' % helper_key)
    case('spaces_around', '  sessionid =  %s  ; theme=dark' % helper_key)
    case('nameless_chunk_first', 'justavalue; sessionid=%s' % helper_key)
    case('duplicate_later_wins_valid', 'sessionid=zzzzzzzzzzzzzzzz; sessionid=%s' % helper_key)
    case('duplicate_later_wins_garbage', 'sessionid=%s; sessionid=zzzzzzzzzzzzzzzz' % helper_key)
    case('wrong_cookie_name', 'session_id=%s' % helper_key)
    if dialect != 'mysql':
        # MariaDB's default collation compares case-insensitively, so Django there would find the row;
        # Parakeet rejects non-canonical keys before SQL (docs/django.md, "Deliberate differences").
        case('uppercase_key', cookie(helper_key.upper()))

    # Legacy formats, writable only by Django 3.1/3.2 (DEFAULT_HASHING_ALGORITHM='sha1').
    if django.VERSION < (4, 0):
        sha1 = {'DEFAULT_HASHING_ALGORITHM': 'sha1'}
        case('legacy_format', cookie(log_in(helper, settings=sha1)), legacy=True)
        case('legacy_format_superuser', cookie(log_in(admin, settings=sha1)), legacy=True)
        legacy_tampered = log_in(helper, settings=sha1)
        data = Session.objects.get(session_key=legacy_tampered).session_data
        set_row(legacy_tampered, session_data=data[:20] + ('A' if data[20] != 'A' else 'B') + data[21:])
        case('legacy_format_tampered', cookie(legacy_tampered), legacy=True)
        # A pre-3.1 login whose session a 3.2 site later re-saved: modern envelope, SHA-1 auth hash.
        mixed = store_for(DB_ENGINE)
        request = rf.get('/')
        request.session = mixed
        with override_settings(**sha1):
            login(request, monitor, backend=MODEL)
        mixed.save()
        case('modern_data_sha1_auth_hash', cookie(mixed.session_key), legacy=True)
    if django.VERSION < (5, 0):
        pickled = {'SESSION_SERIALIZER': 'django.contrib.sessions.serializers.PickleSerializer'}
        case('pickle_serializer', cookie(log_in(helper, settings=pickled)))

    # The signed_cookies engine: the cookie is the session.
    case('signed_cookie_helper', cookie(log_in(helper, engine=SIGNED)), engine=SIGNED)
    case('signed_cookie_superuser', cookie(log_in(admin, engine=SIGNED)), engine=SIGNED)
    case('signed_cookie_rotated_key', cookie(log_in(monitor, engine=SIGNED, settings={'SECRET_KEY': OLD_KEY})), engine=SIGNED)
    with mock.patch('time.time', return_value=time.time() - COOKIE_AGE - 3600):
        old = log_in(helper, engine=SIGNED)
    case('signed_cookie_expired', cookie(old), engine=SIGNED)
    with mock.patch('time.time', return_value=time.time() - COOKIE_AGE + 3600):
        aging = log_in(helper, engine=SIGNED)
    case('signed_cookie_nearly_expired', cookie(aging), engine=SIGNED)
    good = log_in(monitor, engine=SIGNED)
    case('signed_cookie_tampered', cookie(good[:30] + ('A' if good[30] != 'A' else 'B') + good[31:]), engine=SIGNED)
    case('signed_cookie_stale_password', cookie(log_in(dave, engine=SIGNED)), engine=SIGNED)
    case('db_key_on_signed_site', cookie(helper_key), engine=SIGNED)
    case('db_session_data_as_signed_cookie', cookie(Session.objects.get(session_key=helper_key).session_data), engine=SIGNED)
    if django.VERSION < (4, 0):
        case('signed_cookie_sha1_signature', cookie(log_in(helper, engine=SIGNED, settings=sha1)), engine=SIGNED, legacy=True)

    # Judge everything only now, so that no case's verdict can disturb another case's data.
    dave.set_password('changed')
    dave.save()
    site = {
        'djangoVersion': django.get_version(),
        'dialect': dialect,
        'secretKey': SECRET_KEY,
        'secretKeyFallbacks': [OLD_KEY],
        'fallbacks': 'native' if native_fallbacks else 'emulated',
        'backends': BACKENDS,
        'cookieName': 'sessionid',
        'useTz': use_tz,
        'timeZone': args.time_zone,
        'signedCookieMaxAge': COOKIE_AGE,
    }
    print(json.dumps({'site': site}))
    for name, header, engine, legacy in cases:
        expected, no_fallbacks = judge(header, engine)
        print(json.dumps({
            'case': name,
            'engine': 'signed_cookies' if engine == SIGNED else 'db',
            'legacy': legacy,
            'cookieHeader': header,
            'expected': expected,
            'expectedNoFallbacks': no_fallbacks,
        }))


if __name__ == '__main__':
    main()
