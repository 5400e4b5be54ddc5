-- Orders 1.0.0: customers, their orders and the order lines.
CREATE TABLE customers (
    id         BIGINT PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    country    CHAR(2) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id          BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    status      VARCHAR(20) NOT NULL,
    total       NUMERIC(12, 2) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
    order_id BIGINT NOT NULL REFERENCES orders (id),
    line_no  INT NOT NULL,
    sku      VARCHAR(40) NOT NULL,
    quantity INT NOT NULL,
    price    NUMERIC(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
