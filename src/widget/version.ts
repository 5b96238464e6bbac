/**
 * The widget's release version. The major version is the feed version it reads (/feeds/v1/ → /widget/v1/), so a
 * page that loads /widget/v1/ never meets a feed it cannot read. Bump the minor or patch version whenever the
 * built bytes change (the release test says when): a released version's files, and so their SRI hashes, never
 * change (widget-releases/, see src/widget/build.ts).
 */
export const WIDGET_VERSION = '1.2.0';
