import { useTranslation } from 'react-i18next';

/** Marks what the reader sees only because their role lets them: it must not leave the organisation. */
export function Confidential({ when = true }: { when?: boolean }) {
  const { t } = useTranslation();
  if (!when) return null;
  return (
    <span className="confidential-mark" title={t('desk.confidentialHint')}>
      {t('desk.confidential')}
    </span>
  );
}
