// The no-op workflow bench/campaign-fanout.ts starts to measure the server's raw start rate.
export async function noopWorkflow(): Promise<void> {}
