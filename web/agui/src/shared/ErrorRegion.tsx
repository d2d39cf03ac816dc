/**
 * Where the last action's refusal is shown in words. The region is always in the document, empty
 * when all is well, so assistive technology announces a message the moment it appears.
 */
interface Props {
  readonly message: string | null;
  readonly testId?: string;
}

/** `role="alert"` region; collapses to nothing visible while empty. */
export function ErrorRegion({ message, testId }: Props) {
  return (
    <div class="error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}
