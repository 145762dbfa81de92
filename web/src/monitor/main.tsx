import { render } from 'preact';
import { boot } from '../lib/boot.js';
const { me } = await boot();
render(<main>{me ? me.name : ''}</main>, document.getElementById('app')!);
