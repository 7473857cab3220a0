"""An import names the new actions that have no territory or no year (the summaries count
them apart, on « Synthèse – Sans territoire »), with the option that fills them; an action
already in the workbook keeps its own and is not named."""

from efh_xl import import_actions
from efh_xl.workbook.build import build_workbook
from efh_xl.workbook.sample import sample_actions

HEADER = "N° dossier;Intitulé;Structure porteuse;Territoire;Année\n"


def workbook(tmp_path):
    return build_workbook(tmp_path / "classeur.xlsm", actions=sample_actions(per_territory=2))


def listing(tmp_path, lines):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_new_actions_without_territory_or_year_are_named(tmp_path):
    source = listing(
        tmp_path,
        [
            "N-1;Atelier;Roue Libre;Deux-Rives;2026\n",
            "N-2;Permanence;Maison de l'emploi;;2026\n",
            "N-3;Soutien;Centre social;;\n",
        ],
    )
    result = import_actions(source, workbook(tmp_path), dry_run=True)
    territory = [w for w in result.warnings if "sans territoire" in w]
    year = [w for w in result.warnings if "sans année" in w]
    assert territory == [
        "2 actions ajoutées sans territoire (lignes 3, 4) : complétez la colonne Territoire "
        "du fichier, ou indiquez --territoire pour les lignes qui n'en ont pas ; sinon les "
        "synthèses les comptent à part."
    ]
    assert len(year) == 1 and "(ligne 4)" in year[0] and "--annee" in year[0]


def test_the_options_fill_them_and_nothing_is_named(tmp_path):
    source = listing(tmp_path, ["N-2;Permanence;Maison de l'emploi;;\n"])
    result = import_actions(
        source, workbook(tmp_path), dry_run=True, territory="Deux-Rives", year=2026
    )
    assert not [w for w in result.warnings if "sans territoire" in w or "sans année" in w]


def test_an_update_of_a_known_action_is_not_named(tmp_path):
    path = workbook(tmp_path)
    known, porteur = sample_actions(per_territory=2)[["N° action", "Porteur"]].iloc[0]
    source = listing(tmp_path, [f"{known};Nouveau titre;{porteur};;\n"])
    result = import_actions(source, path, dry_run=True)
    assert result.updated == 1
    assert not [w for w in result.warnings if "sans territoire" in w or "sans année" in w]
