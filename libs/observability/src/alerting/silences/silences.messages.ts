export const SILENCE_INVALID = (problem: string): string => `invalid silence: ${problem}`;
export const SILENCE_NOT_FOUND = (id: string): string => `no silence with id ${JSON.stringify(id)}`;
export const SILENCES_UNAUTHORIZED = 'silences require Authorization: Bearer <management.token>';
export const SILENCES_DISABLED = 'silences API disabled: set management.token to use it';
