// Renderer entry: mounts the Svelte app.
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { takeTokenFromFragment } from './lib/transport';

// Before anything renders or routes: the dev host's token leaves the address bar at once.
takeTokenFromFragment();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
