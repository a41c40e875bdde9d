import { createRequire } from 'node:module';
import { notificationTitle } from './evidence-format.js';
import { emailHtml, emailText } from './email-body.js';
import { NotifyError, type Notification, type Notifier } from './notifier.interface.js';

// nodemailer (~650 KB of code) is loaded on the first email sent, not by every app that imports the suite.
const load = createRequire(import.meta.url);

/**
 * How the SMTP connection is secured. `starttls`: upgrade with STARTTLS and refuse a server that does not offer it;
 * `implicit`: TLS from the first byte (port 465); `opportunistic`: STARTTLS when offered; `none`: plain text.
 */
export type SmtpTlsMode = 'starttls' | 'implicit' | 'opportunistic' | 'none';

export interface EmailNotifierOptions {
  readonly host: string;
  /** @default 465 with `implicit` TLS, else 587 */
  readonly port?: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly username?: string;
  /** A secret: `${SMTP_PASSWORD}`. Never in a log line or an error. */
  readonly password?: string;
  readonly tls?: {
    /** @default "starttls" */
    readonly mode?: SmtpTlsMode;
    /** Verify the server's certificate. @default true */
    readonly rejectUnauthorized?: boolean;
    /** PEM of the CA that signed the server's certificate, when it is not a public one. */
    readonly ca?: string;
    /** Name checked against the certificate when it differs from `host`. */
    readonly servername?: string;
  };
  /** @default "email" */
  readonly name?: string;
  /** @default true */
  readonly sendResolved?: boolean;
  /** Connection, greeting and socket timeout. @default 10000 */
  readonly timeoutMs?: number;
}

/** Sends each notification as one e-mail (text and HTML parts, the evidence in both) over SMTP with nodemailer. */
export class EmailNotifier implements Notifier {
  readonly name: string;
  readonly sendResolved: boolean;
  private readonly port: number;

  constructor(private readonly options: EmailNotifierOptions) {
    this.name = options.name ?? 'email';
    this.sendResolved = options.sendResolved ?? true;
    this.port = options.port ?? (options.tls?.mode === 'implicit' ? 465 : 587);
    if (options.to.length === 0) throw new Error(`alert notifier "${this.name}": no recipients`);
  }

  async send(notification: Notification, signal: AbortSignal): Promise<void> {
    const { options } = this;
    const mode = options.tls?.mode ?? 'starttls';
    const timeout = options.timeoutMs ?? 10_000;
    const { createTransport } = load('nodemailer') as typeof import('nodemailer');
    const transport = createTransport({
      host: options.host,
      port: this.port,
      secure: mode === 'implicit',
      requireTLS: mode === 'starttls',
      ignoreTLS: mode === 'none',
      auth: options.username !== undefined ? { user: options.username, pass: options.password ?? '' } : undefined,
      tls: {
        rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
        ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
        ...(options.tls?.servername ? { servername: options.tls.servername } : {}),
      },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      logger: false,
      debug: false,
    });
    const abort = (): void => {
      try {
        transport.close();
      } catch {
        // Closing a connection that is already gone: the send rejects on its own.
      }
    };
    signal.addEventListener('abort', abort, { once: true });
    try {
      await transport.sendMail({
        from: options.from,
        to: [...options.to],
        subject: notificationTitle(notification),
        text: emailText(notification),
        html: emailHtml(notification),
      });
    } catch (error) {
      if (signal.aborted) throw new NotifyError(`${this.name}: ${options.host}:${this.port} did not answer in time`, true);
      throw smtpError(this.name, `${options.host}:${this.port}`, error);
    } finally {
      signal.removeEventListener('abort', abort);
      transport.close();
    }
  }
}

/** Names the server, nodemailer's error code and the SMTP reply code; never the reply text (it may echo input). */
function smtpError(channel: string, server: string, error: unknown): NotifyError {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  const kind = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'error';
  if (kind === 'EAUTH') return new NotifyError(`${channel}: ${server} refused the login${reply ? ` (${reply})` : ''}`, false);
  if (reply !== undefined) return new NotifyError(`${channel}: ${server} answered ${reply} (${kind})`, reply < 500);
  return new NotifyError(`${channel}: ${server} failed (${kind})`, kind !== 'EENVELOPE' && kind !== 'EMESSAGE');
}
