import type { Labels } from './labels.js';

const l = (en: string, ru: string, kk: string): Labels => ({ en, ru, kk });

/** Names of the impunity funnel's stages and of CPJ's three statuses, in the three languages. */
export function impunityLabels() {
  return {
    stages: {
      incident: l('Crimes recorded', 'Зафиксировано преступлений', 'Тіркелген қылмыстар'),
      complaint: l('Complaint filed', 'Подано заявление', 'Арыз берілді'),
      investigation: l('Investigation opened', 'Начато расследование', 'Тергеу басталды'),
      court: l('Sent to court', 'Направлено в суд', 'Сотқа жіберілді'),
      perpetrators_convicted: l('Perpetrators convicted', 'Исполнители осуждены', 'Орындаушылар сотталды'),
      instigators_convicted: l('Instigators convicted', 'Заказчики осуждены', 'Тапсырыс берушілер сотталды'),
    },
    justice: {
      complete_impunity: l('Complete impunity', 'Полная безнаказанность', 'Толық жазасыздық'),
      partial_justice: l('Partial justice', 'Частичное правосудие', 'Ішінара әділдік'),
      full_justice: l('Full justice', 'Полное правосудие', 'Толық әділдік'),
    },
  } as const;
}
