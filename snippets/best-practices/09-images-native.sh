docker images native:single && docker images native:multi
