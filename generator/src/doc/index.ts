// The doc-comment parser's public surface.

export type { DocLine, RawDocBlock } from "./doc-lines.js";
export { dumpDocs } from "./dump-docs.js";
export { getDoc, getDocs, type GetDocOptions } from "./get-doc.js";
export {
  ArgSection,
  Kind,
  QAPIDoc,
  Section,
  kindFromString,
  type DocFeature,
  type DocMember,
} from "./qapidoc.js";
