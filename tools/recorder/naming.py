"""What the recorder calls its objects on an engine: its label keys and its name prefix.

Every container, network and volume a run makes carries the run's labels, and every cached
image the recorder builds is named under the prefix; reaping, cleaning and the image cache
recognise them by these alone. A site chooses both in its configuration (`label_prefix`,
`name_prefix`), so two sites sharing an engine never take each other's objects for their own.
"""

from __future__ import annotations

from dataclasses import dataclass

CACHE = "cache"
RUN = "run"


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
        return {self.recorder_label: CACHE}

    def unset_run_labels(self) -> dict[str, str]:
        """For `docker commit` of a run container, which would otherwise copy its run labels into the image."""
        return {self.run_label: "", self.project_label: "", self.lease_label: ""}

    def image(self, name: str) -> str:
        """The repository of one of the recorder's cached images (`PREFIX/sandbox-forky`)."""
        return f"{self.name_prefix}/{name}"

    def is_cached_image(self, reference: str) -> bool:
        return reference.startswith(f"{self.name_prefix}/")
