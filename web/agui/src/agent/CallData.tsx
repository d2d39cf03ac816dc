/** The call's attached data (`extTransactionData`) as name/value pairs. */
interface Props {
  readonly data: readonly { readonly name: string; readonly value: string }[];
}

/** A description list; nothing when the call carries no data. */
export function CallData({ data }: Props) {
  if (data.length === 0) return null;
  return (
    <dl class="call-data">
      {data.map((pair, index) => (
        // Names may repeat in extTransactionData, so the position is part of the key.
        <div key={`${index}:${pair.name}`} class="pair">
          <dt>{pair.name}</dt>
          <dd>{pair.value}</dd>
        </div>
      ))}
    </dl>
  );
}
