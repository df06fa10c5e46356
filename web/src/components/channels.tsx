export const CONTACT_CHANNELS = ['phone', 'text', 'email', 'letter', 'in_person', 'video'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Check boxes for a set of contact channels. */
export function ChannelChoices({
  name,
  chosen,
  onChange,
  options,
}: {
  name: string;
  chosen: ContactChannel[];
  onChange: (channels: ContactChannel[]) => void;
  options: readonly ContactChannel[];
}) {
  return (
    <fieldset className="choices">
      <legend>Safe ways to contact</legend>
      {options.map((channel) => (
        <label key={channel}>
          <input
            type="checkbox"
            name={name}
            value={channel}
            checked={chosen.includes(channel)}
            onChange={(event) =>
              onChange(event.target.checked ? [...chosen, channel] : chosen.filter((other) => other !== channel))
            }
          />{' '}
          {channel.replace(/_/g, ' ')}
        </label>
      ))}
    </fieldset>
  );
}
