export { ALERT_KINDS, DeliveryFailedError, DeliveryRejectedError, pickAlertFields } from '../alert';
export type { AlertKind, AlertMessage } from '../alert';
export { alertBody, alertMessageId, alertSubject, createSmtpTransport, sendAlertEmail } from './email';
export type { AlertEmailResult, SmtpConfig } from './email';
export { sendAlertWebhook, signWebhookBody, verifyWebhookSignature } from './webhook';
export type { WebhookConfig } from './webhook';
