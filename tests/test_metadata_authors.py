"""clean_authors: raw bylines (as trafilatura and JSON-LD give them) -> the set of person names."""

from __future__ import annotations

import pytest

from cleaners.metadata import clean_authors, printed_initials

CASES = [
    # separators and conjunctions in several languages
    ("By Dana Whitfield and Omar Haddad, AP Auto Writer", ["Dana Whitfield", "Omar Haddad"]),
    ("Von Lena Brandt und Jonas Weber", ["Lena Brandt", "Jonas Weber"]),
    ("Por Lucía Gómez y Mateo Ruiz", ["Lucía Gómez", "Mateo Ruiz"]),
    ("Par Claire Martin et Hugo Bernard", ["Claire Martin", "Hugo Bernard"]),
    ("Ana Souza, Pedro Lima e Clara Dias", ["Ana Souza", "Pedro Lima", "Clara Dias"]),
    ("Dana Whitfield & Omar Haddad", ["Dana Whitfield", "Omar Haddad"]),
    ("Dana Whitfield | Reuters", ["Dana Whitfield"]),
    # a date or a time glued to the name
    ("Carrie Arnold November", ["Carrie Arnold"]),
    ("Carrie Arnold November 12, 2019", ["Carrie Arnold"]),
    ("Lena Brandt 12. März 2021, 10:30 Uhr", ["Lena Brandt"]),
    ("Lucía Gómez 3 de marzo de 2022", ["Lucía Gómez"]),
    ("Claire Martin, publié le 4 janvier 2020", ["Claire Martin"]),
    ("Omar Haddad Updated 10:42 AM ET", ["Omar Haddad"]),
    # a day name starts the date, and the parts after it are the rest of it
    ("Dana Whitfield and Omar Haddad Monday, November", ["Dana Whitfield", "Omar Haddad"]),
    ("Omar Haddad Monday, November 14, 2022", ["Omar Haddad"]),
    ("Dana Whitfield; Omar Haddad Monday; November", ["Dana Whitfield", "Omar Haddad"]),  # as trafilatura joins it
    ("Lena Brandt, Dienstag, 12. März 2021", ["Lena Brandt"]),
    ("Lucía Gómez, lunes, 3 de marzo de 2022", ["Lucía Gómez"]),
    # a name that is a day stays a name
    ("Tuesday Weld", ["Tuesday Weld"]),
    ("Joe Friday", ["Joe Friday"]),
    # a name that is a month stays a name
    ("Theresa May", ["Theresa May"]),
    ("April Ryan", ["April Ryan"]),
    # roles, degrees, agencies, the site itself
    ("Dana Whitfield, Staff Writer", ["Dana Whitfield"]),
    ("Omar Haddad, Senior Correspondent", ["Omar Haddad"]),
    ("Rachael Link, MS, RD", ["Rachael Link"]),
    # a job title printed before the name
    ("Rechtsanwalt Jan Weber", ["Jan Weber"]),
    ("FOCUS-Online-Experte Jan Weber", ["Jan Weber"]),
    ("Von Redakteurin Lena Brandt und Reporter Jonas Weber", ["Lena Brandt", "Jonas Weber"]),
    ("Journaliste Claire Martin", ["Claire Martin"]),
    ("Reporter Weber", []),  # no name left but one word: the role makes it no person
    ("Autor Jonas Weber", ["Jonas Weber"]),
    # an editorial office's or a picture credit's abbreviation
    ("red", []),
    ("Jan Weber / red", ["Jan Weber"]),
    ("Zvg", []),
    ("Cortesía", []),
    ("Sandee LaMotte, CNN", ["Sandee LaMotte"]),
    ("Analysis by Chris Cillizza", ["Chris Cillizza"]),
    ("Valley Courier Staff", []),
    ("Valley Courier", []),
    ("Noticias Valley Courier", []),
    ("Hanns-Seidel-Stiftung e.V.", []),
    ("Redacci&oacute;n Valley Courier", []),
    (["Redacci&oacute;n Valley Courier"], []),  # a list's names (JSON-LD's) too: not 'Redacció'
    (["Luc&iacute;a G&oacute;mez", "Mateo Ruiz"], ["Lucía Gómez", "Mateo Ruiz"]),
    # a phrase, a title or an organisation is no person: a small word that is no particle of a
    # name, or 'The' first; the particles stay
    ("Catch more fish", []),
    ("Bundesministerium für Wirtschaft", []),
    ("The Water Coolest", []),
    ("Justus von Daniels, Felipe de la Cruz", ["Justus von Daniels", "Felipe de la Cruz"]),
    ("Ahmed bin Ali, Jean d'Ormesson, Bashar al-Assad", ["Ahmed bin Ali", "Jean d'Ormesson", "Bashar al-Assad"]),
    ("Beispiel GmbH & Co KG", []),
    # a label before the name, in Russian too
    ("Текст Венера Ерофеева", ["Венера Ерофеева"]),
    ("Interview Harald Willenbrock", ["Harald Willenbrock"]),
    ("责任编辑：孔德明", ["孔德明"]),
    # quotation marks around a name, and the agencies as a word
    ("'Luana Patriolino, Raphael Felice", ["Luana Patriolino", "Raphael Felice"]),
    ("«Anna Lima»", ["Anna Lima"]),
    ("Daniel O'Mahony", ["Daniel O'Mahony"]),
    ("Agencies", []),
    # the same name again with a middle initial: the longer form, once
    ("Troy Smith, Troy L. Smith", ["Troy L. Smith"]),
    ("J. Smith, K. Smith", ["J. Smith", "K. Smith"]),
    # a publisher's imprint ending in its address: the town and the country are no authors
    ("Olympia-Verlag GmbH, Nürnberg, Germany", []),
    ("Kirche und Leben, Münster, Germany", []),
    ("Beispiel GmbH, Frankfurt a. M., Deutschland", []),
    ("Sebastian Held, Daniel Hentschel, Germany", ["Sebastian Held", "Daniel Hentschel"]),
    (["Nürnberg", "Germany"], []),  # the same address as a list of names (trafilatura's)
    ("Germany", []),
    # a name that is a country's or a town's stays a name when no address ends the byline
    ("Georgia Smith, Chad Brown", ["Georgia Smith", "Chad Brown"]),
    ("Jordan Weiss, Kenya Barris", ["Jordan Weiss", "Kenya Barris"]),
    # emails, handles, addresses
    ("Dana Whitfield dana.whitfield@example.org", ["Dana Whitfield"]),
    ("Omar Haddad (@omarhaddad)", ["Omar Haddad"]),
    ("@omarhaddad", []),
    ("Autor: Lena Brandt", ["Lena Brandt"]),
    ("Auteur Anna Kubišta", ["Anna Kubišta"]),
    ("Autora: Lucía Gómez", ["Lucía Gómez"]),
    # a wire agency printed after the names: the names stay, the agency alone is none
    ("DANA WHITFIELD; OMAR HADDAD Associated Press", ["Dana Whitfield", "Omar Haddad"]),
    ("Omar Haddad Reuters", ["Omar Haddad"]),
    ("The Associated Press", []),
    # a CMS's placeholder account or a label is no one; a first name alone is someone
    ("admin", []),
    ("Wordpressadmin", []),
    ("Unknown", []),
    ("Lena Brandt; Follow", ["Lena Brandt"]),
    ("Jan", ["Jan"]),
    ("Rachael Link, PhD", ["Rachael Link"]),
    ("Steffi", ["Steffi"]),
    ("By The Associated Press", []),
    # a nobiliary particle is no by-word; a lost host name is no person
    ("Christoph von Eichhorn", ["Christoph von Eichhorn"]),
    ("Marcus Bensmann, Justus von Daniels", ["Marcus Bensmann", "Justus von Daniels"]),
    ("Troy Smith, Cleveland com", ["Troy Smith"]),
    ("Www Example Com", []),
    ("Autor Jd", []),
    # repeats, in any case, keep the first form and the order
    ("Dana Whitfield; dana whitfield; Omar Haddad", ["Dana Whitfield", "Omar Haddad"]),
    (["Omar Haddad", "Dana Whitfield", "Omar Haddad"], ["Omar Haddad", "Dana Whitfield"]),
    # a byline in capitals is a name in capitals
    ("By LISA MASCARO and MARY CLARE JALONICK", ["Lisa Mascaro", "Mary Clare Jalonick"]),
    # non-Latin scripts
    ("Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("田中太郎", ["田中太郎"]),
]


@pytest.mark.parametrize(("raw", "names"), CASES)
def test_bylines_become_person_names(raw, names):
    assert clean_authors(raw, "Valley Courier") == names


def test_no_byline_no_names():
    assert clean_authors(None) == []
    assert clean_authors("") == []


@pytest.mark.parametrize(
    ("raw", "publishers", "names"),
    [
        # a publisher's <meta name=author> beside the writers (the meta, the copyright holder, JSON-LD)
        ("Condé Nast; Molly Wood", ["Condé Nast"], ["Molly Wood"]),
        ("SWR Sport; Julius Richter", ["SWR Sport"], ["Julius Richter"]),
        ("El Espectador; Felipe Morales Sierra", ["ELESPECTADOR.COM", "El Espectador"], ["Felipe Morales Sierra"]),
        # alone it stays: a blog's publisher may be its author
        ("Jana Beispiel", ["Jana Beispiel"], ["Jana Beispiel"]),
        ("Condé Nast", ["Condé Nast"], ["Condé Nast"]),
        # a writer who is not the publisher stays
        ("Molly Wood; Louise Matsakis", ["WIRED"], ["Molly Wood", "Louise Matsakis"]),
    ],
)
def test_the_publishers_name_is_no_author_beside_the_writers(raw, publishers, names):
    assert clean_authors(raw, "Valley Courier", publishers) == names


@pytest.mark.parametrize(
    ("name", "printed", "page", "expected"),
    [
        # the JSON-LD's form of the same name
        ("Sarah E Needleman", ["Sarah E. Needleman"], "", "Sarah E. Needleman"),
        ("J O Haselhoef", ["J.O. Haselhoef"], "", "J.O. Haselhoef"),
        # else the markup's
        ("Bruce Y Lee", [], "<span class=byline>By Bruce Y. Lee</span>", "Bruce Y. Lee"),
        ("T V Raman", [], "<a>T. V.  Raman</a>", "T. V. Raman"),
        # printed without dots, another person's name, or no initial inside the name: unchanged
        ("Bruce Y Lee", ["Bruce Lee"], "<p>Bruce Y Lee</p>", "Bruce Y Lee"),
        ("Bruce Y Lee", [], "<p>Bruce Y. Leeds</p>", "Bruce Y Lee"),
        ("John F", [], "<p>John F. Kennedy</p>", "John F"),
        ("Omar Haddad", ["Omar H. Haddad"], "", "Omar Haddad"),
    ],
)
def test_initials_as_the_page_prints_them(name, printed, page, expected):
    assert printed_initials(name, printed, page) == expected
