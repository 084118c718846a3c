"""Staff: accounts and roles, sign-in with MFA, sessions, guards, audit log, back office."""
