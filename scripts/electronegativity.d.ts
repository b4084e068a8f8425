/** The programmatic entry of @doyensec/electronegativity (it ships no types). */
declare module '@doyensec/electronegativity' {
  interface Level {
    name: string;
    value: number;
  }
  export interface ElectronegativityIssue {
    id: string;
    file: string;
    location: { line: number; column: number };
    severity: Level;
    confidence: Level;
    manualReview: boolean;
    description: string;
    shortenedURL: string;
  }
  export default function run(options: {
    input: string;
    electronVersionOverride?: string;
    isRelative?: boolean;
    excludeFromScan?: string[];
  }): Promise<{ globalChecks: number; atomicChecks: number; errors: unknown[]; issues: ElectronegativityIssue[] }>;
}
