// The README section listing the fields no task reads (kept in sync by test/readme.test.ts).
import { ignoredFields } from './ignored-fields.js';

export function ignoredFieldsMarkdown(): string {
  const rows = ignoredFields.map((f) => `| \`${f.file}\` | \`${f.path}\` | ${f.reason.replace(/\|/g, '\\|')} |`);
  return ['| file | field | why no task reads it |', '|---|---|---|', ...rows, ''].join('\n');
}

const isMain = process.argv[1]?.endsWith('ignored-fields-doc.js');
if (isMain) process.stdout.write(ignoredFieldsMarkdown());
