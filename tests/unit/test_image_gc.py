"""Which cached images provisioning removes: old generations only, never one in use."""

from __future__ import annotations

from recorder.provision.image_gc import CachedImage, stale_images


def _image(id_: str, tag: str, created: int) -> CachedImage:
    return CachedImage(id_, (tag,), created)


def test_of_each_family_the_current_and_the_newest_other_stay() -> None:
    images = [
        _image("s3", "mkdocs-recorder/sandbox-forky:ccc", 300),
        _image("s2", "mkdocs-recorder/sandbox-forky:bbb", 200),
        _image("s1", "mkdocs-recorder/sandbox-forky:aaa", 100),
        _image("n2", "mkdocs-recorder/standin-nginx:222", 250),
        _image("n1", "mkdocs-recorder/standin-nginx:111", 150),
    ]
    stale = stale_images(images, current={"s1", "n2"}, in_use=set())
    # s1 is current even though oldest; s3 is the newest other; s2 goes. nginx: n2 current, n1 kept.
    assert [image.id for image in stale] == ["s2"]


def test_families_are_kept_apart() -> None:
    images = [
        _image("f", "mkdocs-recorder/sandbox-forky:1", 100),
        _image("t", "mkdocs-recorder/sandbox-trixie:1", 50),
    ]
    assert stale_images(images, current=set(), in_use=set()) == []


def test_an_image_a_container_uses_is_never_removed() -> None:
    images = [
        _image("new", "mkdocs-recorder/standin-redis:3", 300),
        _image("mid", "mkdocs-recorder/standin-redis:2", 200),
        _image("old", "mkdocs-recorder/standin-redis:1", 100),
    ]
    stale = stale_images(images, current={"new"}, in_use={"old"})
    assert stale == []  # mid is the newest other generation, old is used


def test_untagged_images_are_left_alone() -> None:
    images = [CachedImage("dangling", (), 10), _image("cur", "mkdocs-recorder/registry:1", 20)]
    assert stale_images(images, current={"cur"}, in_use=set()) == []


def test_removal_goes_newest_first_so_children_go_before_their_bases() -> None:
    images = [
        _image("b1", "mkdocs-recorder/base-trixie:1", 10),
        _image("b2", "mkdocs-recorder/base-trixie:2", 20),
        _image("n1", "mkdocs-recorder/standin-nginx:1", 15),
        _image("n2", "mkdocs-recorder/standin-nginx:2", 25),
        _image("b3", "mkdocs-recorder/base-trixie:3", 30),
        _image("n3", "mkdocs-recorder/standin-nginx:3", 35),
    ]
    stale = stale_images(images, current={"b3", "n3"}, in_use=set())
    assert [image.id for image in stale] == ["n1", "b1"]
