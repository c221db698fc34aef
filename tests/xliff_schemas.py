"""Loading the OASIS XLIFF schemas offline (lxml with a resolver for xml.xsd), for the document tests."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tm.bands import TM_NS
from tm.formats.documents.xliff import NS12, NS20

TM_XSD = (
    Path(__file__).resolve().parent.parent
    / "tm"
    / "formats"
    / "documents"
    / "schemas"
    / "tm-pretranslate.xsd"
)


class Local(etree.Resolver):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):  # noqa: ANN001
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(self.folder / "xml.xsd"), context)
        return None


def schema(shared: Path, name: str, *, with_tm: bool = True) -> etree.XMLSchema:
    """An OASIS schema (with tm's attribute schema beside it, for 1.2 strict's strict wildcards, unless
    ``with_tm`` is false: the schema alone, as a validator given only the draft's namespace uses it)."""
    folder = shared / "schemas"
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(Local(folder))
    if not with_tm:
        return etree.XMLSchema(etree.parse(str(folder / name), parser))
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tm:wrapper">
      <xs:import namespace="{NS20 if "2.0" in name else NS12}" schemaLocation="{(folder / name).as_uri()}"/>
      <xs:import namespace="{TM_NS}" schemaLocation="{TM_XSD.as_uri()}"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=str(folder) + "/"))


def valid(schema: etree.XMLSchema, path: Path) -> None:
    doc = etree.parse(str(path))
    assert schema.validate(doc), [str(e) for e in schema.error_log]
