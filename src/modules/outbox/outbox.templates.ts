import { EmailKind, type EmailLanguage } from './email-message.entity';

/*
 * The messages Rekisteri sends, in Finnish and English (the customer's
 * language), as plain text and HTML. They carry no more personal data than
 * the message needs: no names, no profile values, only the request, its dates,
 * the reason the person is owed (Art 12(4), §8.7) and a link where one is
 * needed. The exhaustive switch makes a new kind without text a compile error.
 */

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type TemplateParams = Readonly<Record<string, string | undefined>>;

const REQUEST_NAMES: Record<EmailLanguage, Record<string, string>> = {
  FI: {
    ACCESS: 'tietojen tarkastus- ja siirtopyyntö',
    RECTIFICATION: 'tietojen oikaisupyyntö',
    ERASURE: 'tietojen poistopyyntö',
    RESTRICTION: 'käsittelyn rajoittamispyyntö',
    OBJECTION: 'vastustamisilmoitus',
    DIRECT_MARKETING_BAN: 'suoramarkkinointikielto',
    CONSENT_WITHDRAWAL: 'suostumuksen peruutus',
  },
  EN: {
    ACCESS: 'access and portability request',
    RECTIFICATION: 'rectification request',
    ERASURE: 'erasure request',
    RESTRICTION: 'request to restrict processing',
    OBJECTION: 'objection to processing',
    DIRECT_MARKETING_BAN: 'direct-marketing ban',
    CONSENT_WITHDRAWAL: 'withdrawal of consent',
  },
};

function requestName(language: EmailLanguage, type: string | undefined): string {
  return (type && REQUEST_NAMES[language][type]) ?? (language === 'FI' ? 'pyyntö' : 'request');
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A paragraph, or a link on its own line. */
type Block = string | { link: string; label: string };

function compose(language: EmailLanguage, subject: string, blocks: readonly Block[]): RenderedEmail {
  const greeting = language === 'FI' ? 'Hei,' : 'Hello,';
  const signature = language === 'FI' ? 'Ystävällisin terveisin\nJasmin / Potero Oy, asiakaspalvelu' : 'Kind regards\nJasmin / Potero Oy, customer service';
  const textBlocks = blocks.map((b) => (typeof b === 'string' ? b : `${b.label}:\n${b.link}`));
  const text = [greeting, ...textBlocks, signature].join('\n\n') + '\n';
  const htmlBlocks = blocks.map((b) => (typeof b === 'string' ? `<p>${escapeHtml(b)}</p>` : `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`));
  const html = `<!doctype html><html lang="${language.toLowerCase()}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body><p>${greeting}</p>${htmlBlocks.join('')}<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p></body></html>`;
  return { subject, text, html };
}

function need(params: TemplateParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new Error(`e-mail template parameter ${name} is missing`);
  return value;
}

export function renderEmail(kind: EmailKind, language: EmailLanguage, params: TemplateParams): RenderedEmail {
  const fi = language === 'FI';
  const name = requestName(language, params.requestType);
  switch (kind) {
    case EmailKind.REQUEST_RECEIVED:
      // Art 12(3): the answer is due within one month of receipt; the person is told the date.
      return fi
        ? compose(language, 'Olemme vastaanottaneet pyyntösi', [
            `Olemme vastaanottaneet pyyntösi (${name}) ${need(params, 'receivedOn')}.`,
            `Vastaamme viimeistään ${need(params, 'dueOn')} (EU:n tietosuoja-asetus, 12 artiklan 3 kohta).`,
          ])
        : compose(language, 'We have received your request', [
            `We received your ${name} on ${need(params, 'receivedOn')}.`,
            `We will answer by ${need(params, 'dueOn')} at the latest (GDPR Article 12(3)).`,
          ]);
    case EmailKind.IDENTITY_VERIFICATION:
      // §8.5: the link proves the requester controls the registered address; single use, expiring.
      return fi
        ? compose(language, 'Vahvista henkilöllisyytesi', [
            `Vahvista, että pyyntö (${name}) on sinulta, avaamalla alla oleva linkki. Linkki toimii kerran ja vanhenee ${need(params, 'expiresAt')}.`,
            { link: need(params, 'link'), label: 'Vahvista pyyntö' },
            'Jos et tehnyt pyyntöä, voit jättää tämän viestin huomiotta.',
          ])
        : compose(language, 'Confirm your identity', [
            `To confirm that the ${name} is yours, open the link below. It works once and expires at ${need(params, 'expiresAt')}.`,
            { link: need(params, 'link'), label: 'Confirm the request' },
            'If you did not make this request, you can ignore this message.',
          ]);
    case EmailKind.REQUEST_EXTENDED:
      return fi
        ? compose(language, 'Tarvitsemme lisäaikaa pyyntösi käsittelyyn', [
            `Tarvitsemme lisäaikaa pyyntösi (${name}) käsittelyyn. Uusi määräaika on ${need(params, 'dueOn')}.`,
            `Syy: ${need(params, 'reason')}`,
          ])
        : compose(language, 'We need more time for your request', [
            `We need more time to handle your ${name}. The new deadline is ${need(params, 'dueOn')}.`,
            `Reason: ${need(params, 'reason')}`,
          ]);
    case EmailKind.REQUEST_COMPLETED:
      return fi
        ? compose(language, 'Pyyntösi on käsitelty', [`Pyyntösi (${name}) on käsitelty.`, ...(params.detail ? [params.detail] : [])])
        : compose(language, 'Your request has been handled', [`Your ${name} has been completed.`, ...(params.detail ? [params.detail] : [])]);
    case EmailKind.REQUEST_REFUSED:
      // §8.7: a refusal always comes with its reason and the right to complain to the authority.
      return fi
        ? compose(language, 'Pyyntöäsi ei voitu toteuttaa', [
            `Emme voineet toteuttaa pyyntöäsi (${name}).`,
            `Syy: ${need(params, 'reason')}`,
            'Voit tehdä valituksen tietosuojavaltuutetulle (tietosuoja.fi).',
          ])
        : compose(language, 'We could not carry out your request', [
            `We could not carry out your ${name}.`,
            `Reason: ${need(params, 'reason')}`,
            'You may lodge a complaint with the Data Protection Ombudsman (tietosuoja.fi).',
          ]);
    case EmailKind.RESTRICTION_LIFTING:
      // Art 18(3): the person is told before a restriction is lifted.
      return fi
        ? compose(language, 'Tietojesi käsittelyn rajoitus poistetaan', [`Tietojesi käsittelyn rajoitus (${need(params, 'fields')}) poistetaan.`, `Syy: ${need(params, 'reason')}`])
        : compose(language, 'The restriction of your data is being lifted', [
            `The restriction of processing of your data (${need(params, 'fields')}) is being lifted.`,
            `Reason: ${need(params, 'reason')}`,
          ]);
    case EmailKind.ERASURE_DONE:
      return fi
        ? compose(language, 'Tietosi on poistettu', [
            'Tietosi on poistettu Jasminin asiakasrekisteristä. Tämä on viimeinen viesti tähän osoitteeseen; osoitteesi poistetaan, kun viesti on lähetetty.',
            ...(params.retained ? [`Kirjanpitolaki velvoittaa säilyttämään: ${params.retained}`] : []),
          ])
        : compose(language, 'Your data has been erased', [
            "Your data has been erased from Jasmin's customer register. This is the last message to this address; the address is deleted once this message is sent.",
            ...(params.retained ? [`The Accounting Act requires us to keep: ${params.retained}`] : []),
          ]);
    case EmailKind.ACCOUNT_EXISTS:
      // The sign-up form answers the same whether or not the address is taken; the owner learns it here.
      return fi
        ? compose(language, 'Sinulla on jo tili Jasminissa', [
            'Tällä sähköpostiosoitteella yritettiin luoda uusi tili, mutta sinulla on jo tili. Kirjaudu sisään olemassa olevalla tililläsi.',
            { link: need(params, 'signInUrl'), label: 'Kirjaudu sisään' },
            'Jos et yrittänyt luoda tiliä, voit jättää tämän viestin huomiotta.',
          ])
        : compose(language, 'You already have a Jasmin account', [
            'Someone tried to create a new account with this e-mail address, but you already have one. Sign in with your existing account.',
            { link: need(params, 'signInUrl'), label: 'Sign in' },
            'If this was not you, you can ignore this message.',
          ]);
    case EmailKind.EMAIL_CHANGE_CONFIRMATION:
      return fi
        ? compose(language, 'Sähköpostiosoitteesi on vaihdettu', ['Jasmin-tilisi sähköpostiosoite on vaihdettu. Jos et tehnyt muutosta itse, ota heti yhteyttä asiakaspalveluun.'])
        : compose(language, 'Your e-mail address was changed', [
            'The e-mail address of your Jasmin account was changed. If you did not make this change, contact customer service at once.',
          ]);
    case EmailKind.PRIVACY_NOTICE_UPDATED:
      // §11.1: a change of the statement is told to the customers.
      return fi
        ? compose(language, 'Tietosuojaselosteemme on päivitetty', [
            `Tietosuojaselosteestamme on julkaistu uusi versio ${need(params, 'version')} (voimassa ${need(params, 'publishedOn')} alkaen).`,
            { link: need(params, 'url'), label: 'Lue tietosuojaseloste' },
          ])
        : compose(language, 'Our privacy statement has been updated', [
            `A new version ${need(params, 'version')} of our privacy statement is in force from ${need(params, 'publishedOn')}.`,
            { link: need(params, 'url'), label: 'Read the privacy statement' },
          ]);
  }
}
