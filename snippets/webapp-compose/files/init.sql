CREATE TABLE notes (
    id serial PRIMARY KEY,
    text text NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
