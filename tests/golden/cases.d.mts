export declare const root: string;
export declare const goldenDir: string;
export declare const goldenEnv: NodeJS.ProcessEnv;
export declare function shippedScenarios(): string[];
export interface GoldenCase {
  /** golden file, relative to tests/golden */
  file: string;
  /** CLI arguments, run from the repository root */
  args: string[];
}
export declare function goldenCases(): GoldenCase[];
