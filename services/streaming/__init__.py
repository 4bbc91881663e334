"""The stream runtime every worker shares: topics, settings, building and running a faust app,
re-keying and folding inputs, dead letters. Every workaround for faust or the embedded broker
lives in `faust_patches`, which refuses to load on a faust version it was not written for."""
