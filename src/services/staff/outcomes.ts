// After the chat: the guest's survey (built in, or an external one from PARAKEET_SURVEY_URL), the forum link
// for an unresolved problem, and the helper's "needs follow-up" flag.
import { forumLink, surveyLink } from '../../domain/staff/links.js';
import type { Store, SupportChat } from '../../storage/store.js';
import { AppError } from '../errors.js';
import { staffChat, type Caller } from './access.js';
import type { Webhooks } from './webhooks.js';

export interface OutcomeSettings {
  surveyUrlTemplate: string;
  forumUrlTemplate: string;
}

export interface SurveyOffer {
  chat: string;
  /** 'external': answer at `url`; 'builtin': answer with survey_answer. */
  kind: 'builtin' | 'external';
  url?: string;
  answered: boolean;
  /** The forum's new-question page with the question prefilled, for a problem the chat did not solve. */
  forumUrl: string;
}

export class Outcomes {
  constructor(
    private readonly store: Store,
    private readonly settings: OutcomeSettings,
    private readonly webhooks: Webhooks,
    private readonly now: () => number,
  ) {}

  async survey(caller: Caller, chatId: string): Promise<SurveyOffer> {
    const chat = await this.guestChat(caller, chatId);
    const outcome = await this.store.staff.getOutcome(chat.id);
    const external = this.settings.surveyUrlTemplate !== '';
    return {
      chat: chat.id,
      kind: external ? 'external' : 'builtin',
      ...(external ? { url: surveyLink(this.settings.surveyUrlTemplate, chat.id) } : {}),
      answered: outcome?.survey != null,
      forumUrl: forumLink(this.settings.forumUrlTemplate, chat.question),
    };
  }

  /** The guest rates the chat once, after it ended. `resolved: false` answers with the forum link. */
  async answer(caller: Caller, chatId: string, rating: number, comment: string, resolved: boolean | undefined): Promise<{ forumUrl?: string }> {
    const chat = await this.guestChat(caller, chatId);
    if (chat.state !== 'ended' || chat.assignedAt === null) throw new AppError('bad_request', 'The survey opens when the chat has ended.');
    if (this.settings.surveyUrlTemplate !== '') throw new AppError('bad_request', 'This site uses an external survey.');
    const time = this.now();
    if (!(await this.store.staff.answerSurvey(chat.id, rating, comment, time))) throw new AppError('bad_request', 'You have already answered.');
    this.webhooks.emit('survey.answered', { chat: chat.id, rating, comment, resolved: resolved ?? null });
    return resolved === false ? { forumUrl: forumLink(this.settings.forumUrlTemplate, chat.question) } : {};
  }

  async setFollowUp(caller: Caller, chatId: string, needed: boolean): Promise<{ followUp: boolean }> {
    const chat = await staffChat(this.store, caller, chatId);
    await this.store.staff.setFollowUp(chat.id, needed, caller.ref.id, this.now());
    if (needed) this.webhooks.emit('followup.requested', { chat: chat.id, by: caller.ref, question: chat.question });
    return { followUp: needed };
  }

  /** The caller's own chat as its guest; anyone else's looks missing. */
  private async guestChat(caller: Caller, chatId: string): Promise<SupportChat> {
    const chat = await this.store.getSupportChat(chatId);
    if (!chat || chat.guestId !== caller.ref.id) throw new AppError('not_found', 'No such chat.');
    return chat;
  }
}
