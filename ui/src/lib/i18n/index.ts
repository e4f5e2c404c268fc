export * from './core';
export * from './state.svelte';
