export declare const ROOT: string;
export declare const CASES: string;
export declare const GENERATED: Record<string, () => Buffer>;
export declare const PREPARED: Record<string, (dir: string) => string[]>;
export interface CaseResult {
  exit: number;
  stdout: string;
  stderr: string;
}
export declare function listCases(): string[];
export declare function runCase(name: string): Promise<CaseResult>;
export declare function formatExpected(result: CaseResult): string;
export declare function expectedPath(name: string): string;
