import type { ReactNode } from 'react';

/** A check box with its label around it, so a click on the words ticks it too. */
export function CheckBox({
  checked,
  onChange,
  children,
  describedBy,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  describedBy?: string;
}) {
  return (
    <label>
      <input
        type="checkbox"
        checked={checked}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.checked)}
      />{' '}
      {children}
    </label>
  );
}
