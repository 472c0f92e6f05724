// Unit and integration tests never touch the development database or send real messages.
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DATABASE_PATH ??= ":memory:";
process.env.SEED_DEMO = "false";
process.env.JOBS_WORKER = "false";
process.env.NOTIFY_TRANSPORT = "log";
