"""What the recorder calls its objects on an engine: its label keys and its name prefix.

Every container, network and volume a run makes carries the run's labels and a name under
the site's prefix; reaping and cleaning recognise them by these alone. A site chooses both in
its configuration (`label_prefix`, `name_prefix`), so two sites sharing an engine never take
each other's runs for their own.

The image cache is the recorder's, not a site's: each cached image is tagged with a hash of
what it is built from, so the same sandbox or stand-in is the same image whichever site asks,
and every site on an engine shares it under one name and one label.
"""

from __future__ import annotations

from dataclasses import dataclass

CACHE = "cache"
RUN = "run"
CACHE_IMAGES = "mkdocs-recorder"  # the repository prefix of every cached image
CACHE_LABEL = "org.mkdocs-recorder.recorder"  # = CACHE on every cached image


@dataclass(frozen=True)
class Naming:
    label_prefix: str
    name_prefix: str

    @property
    def recorder_label(self) -> str:
        """`run` on a run's objects, `cache` on the images kept between runs."""
        return f"{self.label_prefix}.recorder"

    @property
    def run_label(self) -> str:
        return f"{self.label_prefix}.run"

    @property
    def project_label(self) -> str:
        return f"{self.label_prefix}.project"

    @property
    def lease_label(self) -> str:
        """The name of the run's lease container: the run lives exactly as long as it runs."""
        return f"{self.label_prefix}.lease"

    def object_name(self, run_id: str, *parts: str) -> str:
        """`PREFIX-RUN` and the parts: the run's network, registry, sandboxes, lease."""
        return "-".join((self.name_prefix, run_id, *parts))

    def lease_name(self, run_id: str) -> str:
        return self.object_name(run_id, "lease")

    def run_labels(self, run_id: str, project: str) -> dict[str, str]:
        """Labels for objects that live only as long as one run (and its lease)."""
        return {
            self.recorder_label: RUN,
            self.run_label: run_id,
            self.project_label: project,
            self.lease_label: self.lease_name(run_id),
        }

    def cache_labels(self) -> dict[str, str]:
        """Labels for images kept between runs so that provisioning twice does no work."""
        return {CACHE_LABEL: CACHE}

    @property
    def cache_filter(self) -> str:
        """The label filter that lists the cached images (every site's: they are shared)."""
        return f"{CACHE_LABEL}={CACHE}"

    def unset_run_labels(self) -> dict[str, str]:
        """For `docker commit` of a run container, which would otherwise copy its run labels into the image."""
        return {self.run_label: "", self.project_label: "", self.lease_label: ""}

    def image(self, name: str) -> str:
        """The repository of one of the recorder's cached images (`mkdocs-recorder/sandbox-forky`)."""
        return f"{CACHE_IMAGES}/{name}"

    def is_cached_image(self, reference: str) -> bool:
        return reference.startswith(f"{CACHE_IMAGES}/")
