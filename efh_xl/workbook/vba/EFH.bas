Attribute VB_Name = "EFH"
' efh_xl - macros of the workbook efh_grille.xlsm.
' This file is ASCII on purpose (the VBA project is built from it by efh-xl build):
' French text is written with HTML-like entities that Fr() turns into accented letters.
Option Explicit

Private Const PYTHON_CALL As String = "import efh_xl.excel.button; efh_xl.excel.button.generer_syntheses()"
Private Const ADDIN_NAME As String = "xlwings.xlam"

' Button "Generer les syntheses": runs the Python summaries on this workbook through the
' xlwings add-in (RunPython). Without the add-in, says in French what to install.
Public Sub GenererSyntheses()
    If Not AddinLoaded() Then
        MsgBox Fr("Le compl&eacute;ment xlwings n'est pas install&eacute; sur ce poste." & vbLf & vbLf & _
            "Pour g&eacute;n&eacute;rer les synth&egrave;ses depuis Excel :" & vbLf & _
            "  1. installez Python 3.11 ou plus r&eacute;cent, puis, dans une invite de commandes " & _
            "(Terminal sur Mac) ouverte dans le dossier de la version (voir LISEZMOI.txt) :" & vbLf & _
            "     pip install ""efh_xl-<version>-py3-none-any.whl[excel]""" & vbLf & _
            "     (<version> : celle du fichier .whl du dossier, par exemple 0.1.0) ;" & vbLf & _
            "  2. lancez ensuite &laquo; xlwings addin install &raquo; ;" & vbLf & _
            "  3. fermez puis rouvrez ce classeur." & vbLf & vbLf & _
            "Sans Python, les marqueurs et les motifs restent calcul&eacute;s par les formules. " & _
            "Les synth&egrave;ses peuvent aussi &ecirc;tre produites par un coll&egrave;gue avec " & _
            "&laquo; efh-xl refresh &raquo;."), vbExclamation, Fr("Synth&egrave;ses EFH")
        Exit Sub
    End If
    On Error GoTo Failed
    ' RunPython works on the active workbook (its name is passed to Python, its xlwings.conf
    ' read): run from Alt+F8 with another workbook active, it regenerated that one.
    ThisWorkbook.Activate
    Application.Run "'" & ADDIN_NAME & "'!RunPython", PYTHON_CALL
    Exit Sub
Failed:
    MsgBox Fr("Python n'a pas pu g&eacute;n&eacute;rer les synth&egrave;ses :" & vbLf & _
        Err.Description & vbLf & vbLf & _
        "V&eacute;rifiez que Python et efh_xl sont install&eacute;s " & _
        "(pip install ""efh_xl-<version>-py3-none-any.whl[excel]"", voir LISEZMOI.txt) " & _
        "et que l'interpr&eacute;teur est r&eacute;gl&eacute; dans l'onglet xlwings."), _
        vbCritical, Fr("Synth&egrave;ses EFH")
End Sub

Private Function AddinLoaded() As Boolean
    Dim wb As Object
    On Error Resume Next
    Set wb = Application.Workbooks(ADDIN_NAME)
    AddinLoaded = Not wb Is Nothing
    On Error GoTo 0
End Function

' Turns the entities used in this ASCII source into the French letters they stand for.
Private Function Fr(ByVal s As String) As String
    s = Replace(s, "&eacute;", ChrW(233))
    s = Replace(s, "&egrave;", ChrW(232))
    s = Replace(s, "&ecirc;", ChrW(234))
    s = Replace(s, "&agrave;", ChrW(224))
    s = Replace(s, "&ccedil;", ChrW(231))
    s = Replace(s, "&ocirc;", ChrW(244))
    s = Replace(s, "&Eacute;", ChrW(201))
    s = Replace(s, "&laquo;", ChrW(171) & ChrW(160))
    s = Replace(s, "&raquo;", ChrW(160) & ChrW(187))
    Fr = s
End Function
