docker run --rm native:multi
