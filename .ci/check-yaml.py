"""YAML syntax of the given files (pre-commit and make lint): one `FILE:LINE: message` per error.

Tags such as mkdocs.yml's `!ENV` are accepted whatever they are: this checks syntax, not meaning.
"""

from __future__ import annotations

import sys

import yaml


class AnyTagLoader(yaml.SafeLoader):
    """A safe loader that builds every tagged node as its plain YAML value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


AnyTagLoader.add_multi_constructor("!", _plain)


def main(paths: list[str]) -> int:
    status = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as stream:
                list(yaml.load_all(stream, Loader=AnyTagLoader))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 0
            print(f"{path}:{line}: {error.problem or error.context}", file=sys.stderr)
            status = 1
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            print(f"{path}:0: {error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
