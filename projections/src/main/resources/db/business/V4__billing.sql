-- Billing (issue 21): monthly invoices per tenant with their line items, numbered without gaps.

-- One sequence per issuer. Billing takes a number with UPDATE ... RETURNING in the transaction that stores the
-- invoice: the row stays locked until that transaction ends, so two runs take numbers one after the other, and a
-- rollback gives the number back. A PostgreSQL SEQUENCE would not: nextval is never rolled back, and leaves gaps.
CREATE TABLE invoice_sequences
(
    issuer      text   PRIMARY KEY,
    next_number bigint NOT NULL DEFAULT 1 CHECK (next_number >= 1)
);

-- An invoice: amounts in whole rupiah; tax_rate in basis points (PPN 11% = 1100). One per tenant and month.
CREATE TABLE invoices
(
    number    text        PRIMARY KEY,
    issuer    text        NOT NULL,
    tenant_id integer     NOT NULL,
    period    date        NOT NULL CHECK (extract(day FROM period) = 1),
    issued_at timestamptz NOT NULL,
    currency  text        NOT NULL DEFAULT 'IDR' CHECK (currency = 'IDR'),
    subtotal  bigint      NOT NULL CHECK (subtotal >= 0),
    tax_rate  integer     NOT NULL CHECK (tax_rate >= 0),
    tax       bigint      NOT NULL CHECK (tax >= 0),
    total     bigint      NOT NULL CHECK (total = subtotal + tax),
    status    text        NOT NULL CHECK (status IN ('open', 'paid', 'void')),
    paid_at   timestamptz,
    UNIQUE (tenant_id, period),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX invoices_by_tenant ON invoices (tenant_id, period DESC);

CREATE TABLE invoice_lines
(
    invoice     text   NOT NULL REFERENCES invoices (number),
    line_no     integer NOT NULL CHECK (line_no >= 1),
    description text   NOT NULL,
    quantity    bigint NOT NULL CHECK (quantity >= 0),
    unit_price  bigint NOT NULL CHECK (unit_price >= 0),
    amount      bigint NOT NULL CHECK (amount = quantity * unit_price),
    PRIMARY KEY (invoice, line_no)
);
