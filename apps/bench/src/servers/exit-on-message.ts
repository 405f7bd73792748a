/**
 * Preloaded (node --require) into a server that is CPU-profiled: the benchmark asks it to exit through the
 * IPC channel, so V8 gets to write the profile, which a death by signal would skip.
 */
process.on('message', (message) => {
  if (message === 'bench:exit') process.exit(0);
});
