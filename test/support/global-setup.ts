// Placeholder replaced by the foundation work (bundles workflows once for all test files).
export default async function globalSetup(): Promise<void> {}
