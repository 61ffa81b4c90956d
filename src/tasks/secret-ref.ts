// A secret given by reference in the configuration: {"$secret": "env:NAME"} or {"$secret": "file:PATH"}.
export interface SecretRef { $secret: string }

export const isSecretRef = (v: unknown): v is SecretRef =>
  typeof v === 'object' && v !== null && typeof (v as SecretRef).$secret === 'string' && Object.keys(v).length === 1;
