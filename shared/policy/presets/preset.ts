// The shape of a built-in policy preset offered by the builder.
export interface PolicyPreset {
  /** Stable identifier (kebab-case). */
  id: string;
  name: string;
  /** One sentence for a picker. */
  description: string;
  /** Why the preset is built this way, and what it trades off. */
  rationale: string;
  /** The policy, with a comment explaining each rule. */
  yaml: string;
}
