import { render } from 'preact';
import { boot } from '../lib/boot.js';
import { GuestApp } from './GuestApp.js';
import './guest.css';

const params = new URLSearchParams(location.search);
const { http, me } = await boot([params.get('lang')]);
if (params.get('embed') === '1') document.documentElement.classList.add('embedded');
render(<GuestApp http={http} initialMe={me} params={params} />, document.getElementById('app')!);
