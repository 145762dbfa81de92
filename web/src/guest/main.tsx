import { render } from 'preact';
import { boot } from '../lib/boot.js';
const { me } = await boot([new URLSearchParams(location.search).get('lang')]);
render(<main>{me ? me.name : ''}</main>, document.getElementById('app')!);
