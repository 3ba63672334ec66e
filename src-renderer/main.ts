// Renderer entry: trades the dev host's one-time key for its cookie, then mounts the Svelte app.
import { bug } from '../src-core/errors';
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { admitFromFragment } from './lib/transport';

const target = document.getElementById('app');
if (!target) throw bug('index.html has no #app element');
// Before anything renders or routes: the dev host's key leaves the address bar at once.
void admitFromFragment().finally(() => mount(App, { target }));
