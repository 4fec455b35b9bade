"""Country names, for telling a publisher's address from a byline ('Olympia-Verlag GmbH,
Nürnberg, Germany' in a ``<meta name=author>``): the English short names of the world's
countries and the names the countries of the languages we read most give themselves."""

from __future__ import annotations

_ENGLISH = """
Afghanistan, Albania, Algeria, Andorra, Angola, Argentina, Armenia, Australia, Austria, Azerbaijan,
Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize, Benin, Bhutan, Bolivia,
Bosnia and Herzegovina, Botswana, Brazil, Brunei, Bulgaria, Burkina Faso, Burundi, Cambodia, Cameroon,
Canada, Cape Verde, Chad, Chile, China, Colombia, Comoros, Congo, Costa Rica, Croatia, Cuba, Cyprus,
Czech Republic, Czechia, Denmark, Djibouti, Dominica, Dominican Republic, Ecuador, Egypt, El Salvador,
Eritrea, Estonia, Eswatini, Ethiopia, Fiji, Finland, France, Gabon, Gambia, Georgia, Germany, Ghana,
Greece, Grenada, Guatemala, Guinea, Guyana, Haiti, Honduras, Hong Kong, Hungary, Iceland, India,
Indonesia, Iran, Iraq, Ireland, Israel, Italy, Ivory Coast, Jamaica, Japan, Jordan, Kazakhstan, Kenya,
Kosovo, Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon, Lesotho, Liberia, Libya, Liechtenstein, Lithuania,
Luxembourg, Madagascar, Malawi, Malaysia, Maldives, Mali, Malta, Mauritania, Mauritius, Mexico,
Moldova, Monaco, Mongolia, Montenegro, Morocco, Mozambique, Myanmar, Namibia, Nepal, Netherlands,
New Zealand, Nicaragua, Niger, Nigeria, North Macedonia, Norway, Oman, Pakistan, Palestine, Panama,
Papua New Guinea, Paraguay, Peru, Philippines, Poland, Portugal, Qatar, Romania, Russia, Rwanda,
San Marino, Saudi Arabia, Senegal, Serbia, Seychelles, Sierra Leone, Singapore, Slovakia, Slovenia,
Somalia, South Africa, South Korea, South Sudan, Spain, Sri Lanka, Sudan, Suriname, Sweden,
Switzerland, Syria, Taiwan, Tajikistan, Tanzania, Thailand, Togo, Tunisia, Turkey, Turkmenistan,
Uganda, Ukraine, United Arab Emirates, United Kingdom, United States, United States of America,
Uruguay, Uzbekistan, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe, UK, USA, U.S.A., UAE
"""
# what a country calls itself, where that differs (the languages of the pages we read most)
_OWN = """
Deutschland, Österreich, Schweiz, Suisse, Svizzera, España, Italia, Nederland, België, Belgique,
Polska, Россия, Україна, Türkiye, Brasil, México, Perú, Sverige, Norge, Danmark, Suomi, Česko,
Česká republika, Slovensko, Magyarország, Ελλάδα, Hrvatska, Srbija, România, България, Éire,
Nippon, 日本, 中国, 한국, Indonesia, Việt Nam, Lëtzebuerg, Ísland
"""
COUNTRY_NAMES = frozenset(
    name.strip().casefold() for block in (_ENGLISH, _OWN) for name in block.split(",") if name.strip()
)


def is_country(text: str) -> bool:
    """Whether ``text`` (a byline part) is only a country's name, in any case."""
    return " ".join(text.split()).strip(" .").casefold() in COUNTRY_NAMES
