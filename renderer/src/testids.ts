// data-testid values shared by the renderer and the e2e specs: the UI's contract with its tests.
export const TID = {
  // app shell
  app: 'app',
  themeToggle: 'theme-toggle',
  zoneSelect: 'zone-select', // UTC / node zone
  caseTitle: 'case-title',
  // import screen
  importScreen: 'import-screen',
  importPath: 'import-path', // text input: a bundle path on this machine
  importButton: 'import-button',
  importDrop: 'import-drop',
  sampleList: 'sample-list',
  sampleItem: 'sample-item', // each sample (data-sample-id attribute)
  importProgress: 'import-progress',
  importEta: 'import-eta',
  importCancel: 'import-cancel',
  importWarnings: 'import-warnings',
  // verdict
  verdictPanel: 'verdict-panel',
  verdictCause: 'verdict-cause',
  verdictConfidence: 'verdict-confidence',
  evidenceItem: 'evidence-item', // each evidence event (data-event-id)
  missingEvidence: 'missing-evidence',
  // timeline
  timeline: 'timeline',
  timelineCanvas: 'timeline-canvas',
  timelineCrashMarker: 'timeline-crash-marker',
  timelineEventGlyph: 'timeline-event-glyph', // clickable evidence glyphs (data-event-id)
  timelineRange: 'timeline-range', // the visible range label
  // tables
  eventsTable: 'events-table',
  recordsTable: 'records-table',
  tableRow: 'table-row', // data-record-id / data-event-id
  // detail
  detailPane: 'detail-pane',
  detailRaw: 'detail-raw',
  detailTsKind: 'detail-ts-kind',
  detailSeenIn: 'detail-seen-in',
  // search
  searchInput: 'search-input',
  facetNode: 'facet-node',
  facetSeverity: 'facet-severity',
  // sql console
  sqlTab: 'sql-tab',
  sqlConsole: 'sql-console',
  sqlInput: 'sql-input',
  sqlResult: 'sql-result',
  // annotations
  annotateStar: 'annotate-star',
  annotateTag: 'annotate-tag',
  annotateComment: 'annotate-comment',
  annotationsList: 'annotations-list',
  exportButton: 'export-button',
  // training
  trainingStart: 'training-start',
  trainingSubmit: 'training-submit',
  trainingScore: 'training-score',
  // added by the renderer (F1)
  trainingMarkCrash: 'training-mark-crash', // then click the timeline canvas
  trainingCategory: 'training-category', // <select>
  trainingType: 'training-type', // <select>
  trainingAddEvidence: 'training-add-evidence', // adds the selected event
  trainingEvidenceCheck: 'training-evidence-check', // checkbox per events-table row (data-event-id)
  rangeComment: 'range-comment', // annotations tab: comment on the visible range (Enter adds it)
  exportFormat: 'export-format', // each export menu item (data-format = md | html | json | png)
  exportRedact: 'export-redact',
  viewName: 'view-name', // saved views: name input (Enter saves)
  helpOverlay: 'help-overlay',
  evidenceAccept: 'evidence-accept', // on each evidence item
  evidenceReject: 'evidence-reject',
} as const;
export type TestId = (typeof TID)[keyof typeof TID];
