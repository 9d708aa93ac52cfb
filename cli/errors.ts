// Errors meant for a person: one line, exit status 2 (bad input or usage), never a stack trace.

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
