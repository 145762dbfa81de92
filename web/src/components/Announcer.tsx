// A polite live region for screen readers: new messages, queue positions. Only the latest text is kept.
export function Announcer({ text }: { text: string }) {
  return (
    <div class="sr-only" aria-live="polite" aria-atomic="true" id="announcer">
      {text}
    </div>
  );
}
