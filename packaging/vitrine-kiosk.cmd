@echo off
rem Vitrine kiosk start-up script for Windows.
rem Put a shortcut to this file in shell:startup (Win+R, "shell:startup") so the kiosk
rem starts when the kiosk account logs in. Edit the two paths below.
set VITRINE=%~dp0vitrine.exe
set SCENE=%~dp0scenes\showroom.vitrine.yaml
rem The supervisor restarts the app after a crash or a frozen frame loop.
"%VITRINE%" kiosk "%SCENE%"
