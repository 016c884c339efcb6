import pytest

from digest.config import ConfigError, load_config


def test_defaults_without_a_file(tmp_path):
    cfg = load_config(None, root=tmp_path)
    assert cfg.lead_items == 7
    assert [t.id for t in cfg.topics] == ["models", "research", "safety", "policy", "business", "compute", "open", "agents"]
    assert cfg.sources_dir == tmp_path.resolve() / "sources"


def test_every_error_is_collected(tmp_path):
    path = tmp_path / "digest.yaml"
    path.write_text("lead_items: zero\nbase_url: example.org\ncolour: red\ntopics:\n  - id: Bad Id\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = " ".join(info.value.errors)
    assert "lead_items" in text and "base_url" in text and "colour" in text and "topics[1].id" in text


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "digest.yaml"
    path.write_text("title: ok\nlead_items: [1,\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "line" in info.value.errors[0]


def test_shipped_config_is_valid():
    from tests.conftest import REPO

    cfg = load_config(REPO / "digest.yaml")
    assert cfg.topic("compute").keywords
    assert cfg.base_url.endswith("/")


def test_source_weights_are_read_and_checked(tmp_path):
    path = tmp_path / "digest.yaml"
    path.write_text("source_weights:\n  Latent Space: 1.5\n", encoding="utf-8")
    assert load_config(path).source_weights == {"Latent Space": 1.5}
    path.write_text("source_weights:\n  Latent Space: lots\nlead_items: zero\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = " ".join(info.value.errors)
    assert "source_weights.Latent Space" in text and "lead_items" in text


def test_search_can_be_turned_off_and_must_be_a_boolean(tmp_path):
    import pytest

    from digest.config import ConfigError, load_config

    path = tmp_path / "digest.yaml"
    path.write_text("search: false\n", encoding="utf-8")
    assert load_config(path).search is False
    path.write_text("search: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'search' must be true or false"):
        load_config(path)


def test_page_size_may_be_zero_and_feed_issues_may_not(tmp_path):
    import pytest

    from digest.config import ConfigError, load_config

    path = tmp_path / "digest.yaml"
    path.write_text("page_size: 0\nfeed_issues: 5\n", encoding="utf-8")
    cfg = load_config(path)
    assert (cfg.page_size, cfg.feed_issues) == (0, 5)
    path.write_text("page_size: -1\nfeed_issues: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = " ".join(info.value.errors)
    assert "'page_size' must be a whole number >= 0" in text and "'feed_issues' must be a whole number >= 1" in text
