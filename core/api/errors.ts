// Errors that cross every transport as { code, message } (ApiError in core/api/types.ts).
import type { ApiError } from './types.ts';

export class CaseApiError extends Error implements ApiError {
  constructor(readonly code: ApiError['code'], message: string) {
    super(message);
    this.name = 'CaseApiError';
  }
  toJSON(): ApiError { return { code: this.code, message: this.message }; }
}

export const apiError = (code: ApiError['code'], message: string): CaseApiError => new CaseApiError(code, message);
