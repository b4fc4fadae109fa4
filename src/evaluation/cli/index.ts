export { cliMain, runGate, EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, USAGE as EVAL_CLI_USAGE, type GateIo } from './gate';
export { renderGateMarkdown, renderGateSummary, type GateReport } from './report';
