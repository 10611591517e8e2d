// The schema the extension contributes to VS Code's JSON language service (contributes.jsonValidation) is core's
// snapshot schema with every constraint taken out: descriptions, structure and examples stay (hovers and
// completions), but the language server already checks each rule (with awaitly's own words and a rule code), so a
// second, schema-worded problem ("Missing property cause", "Incorrect type") for the same fault would be noise.
const DROP = new Set(['type', 'required', 'const', 'enum', 'not', 'if', 'then', 'else', 'minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format', 'uniqueItems', 'minProperties', 'maxProperties', 'propertyNames']);

export function editorSchema(node) {
  if (Array.isArray(node)) return node.map(editorSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k)) continue;
    // additionalProperties: false would report "Property x is not allowed"; a schema object stays (it describes).
    if (k === 'additionalProperties' && typeof v !== 'object') continue;
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, editorSchema(s)])) : editorSchema(v);
  }
  // Allowed values stay as completion proposals.
  const examples = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (examples) out.examples = examples;
  return out;
}
