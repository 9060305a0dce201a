// Writes docs/api.md from the proto comments: `npm run docs:api`. CI regenerates it and fails when
// the committed file differs, so the reference never drifts from the schema.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';

const image = execFileSync('node_modules/.bin/buf', ['build', 'proto', '--as-file-descriptor-set', '-o', '-'], { maxBuffer: 64 * 1024 * 1024 });
const set = fromBinary(FileDescriptorSetSchema, image);
const files = set.file.filter((f) => f.name.startsWith('hotel/'));

/** Leading comments by source-info path, e.g. "4,0,2,1" = message 0, field 1. */
function commentsOf(file: FileDescriptorProto): Map<string, string> {
  const comments = new Map<string, string>();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    const text = location.leadingComments.trim();
    if (text) comments.set(location.path.join(','), text.replace(/\n\s?/g, ' '));
  }
  return comments;
}

const typeName = (f: FieldDescriptorProto): string => {
  const base = f.typeName ? f.typeName.replace(/^\./, '') : FieldDescriptorProto_Type[f.type].toLowerCase();
  return f.label === FieldDescriptorProto_Label.REPEATED ? `repeated ${base}` : base;
};

const cell = (text: string | undefined): string => (text ?? '').replaceAll('|', '\\|');

const out: string[] = [
  '# hotel.v1 API reference',
  '',
  'Generated from the comments in `proto/hotel/v1` by `npm run docs:api`; do not edit by hand.',
  'Every RPC is served over gRPC, gRPC-Web and Connect on one port. Errors follow the table in the README:',
  'a gRPC status with `google.rpc.BadRequest` field violations, `ErrorInfo` reasons (domain `hotel.v1`) or `RetryInfo`.',
  '',
];

for (const file of files) {
  const comments = commentsOf(file);
  file.service.forEach((service, s) => {
    out.push(`## ${file.package}.${service.name}`, '', comments.get(`6,${s}`) ?? '', '', '| RPC | request | response | description |', '| --- | --- | --- | --- |');
    service.method.forEach((m, i) => {
      const local = (t: string) => t.replace(/^\.hotel\.v1\./, '');
      out.push(`| \`${m.name}\` | [${local(m.inputType)}](#${local(m.inputType).toLowerCase()}) | [${local(m.outputType)}](#${local(m.outputType).toLowerCase()}) | ${cell(comments.get(`6,${s},2,${i}`))} |`);
    });
    out.push('');
  });
}

out.push('## Messages', '');
for (const file of files) {
  const comments = commentsOf(file);
  file.messageType.forEach((message: DescriptorProto, i) => {
    out.push(`### ${message.name}`, '', comments.get(`4,${i}`) ?? '', '', '| field | type | description |', '| --- | --- | --- |');
    message.field.forEach((field, j) => out.push(`| \`${field.name}\` | \`${typeName(field)}\` | ${cell(comments.get(`4,${i},2,${j}`))} |`));
    out.push('');
  });
  file.enumType.forEach((e: EnumDescriptorProto, i) => {
    out.push(`### ${e.name} (enum)`, '', comments.get(`5,${i}`) ?? '', '', '| value | description |', '| --- | --- |');
    e.value.forEach((v, j) => out.push(`| \`${v.name}\` | ${cell(comments.get(`5,${i},2,${j}`))} |`));
    out.push('');
  });
}

mkdirSync('docs', { recursive: true });
writeFileSync('docs/api.md', `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
console.log(`docs/api.md: ${files.length} files, ${files.reduce((n, f) => n + f.service.length, 0)} services`);
