// A lesson page's one script: the recording player (asciinema-player, inlined
// above) and the buttons that seek it to a step. The page reads whole without it.
(function () {
  "use strict";
  document.documentElement.classList.remove("js-off");
  var players = {};

  function shownLang() {
    var checked = document.querySelector('input[name="lang"]:checked');
    return checked ? checked.value : document.documentElement.lang;
  }

  // One player per language, made when its language is first shown: a player
  // made inside a hidden element would measure itself at zero size.
  function player(lang) {
    if (!players[lang]) {
      var cast = JSON.parse(document.getElementById("cast-" + lang).textContent);
      players[lang] = AsciinemaPlayer.create({ data: cast }, document.getElementById("player-" + lang),
        { fit: "width", idleTimeLimit: 2, preload: true, poster: "npt:0:2",
          terminalFontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace" });
    }
    return players[lang];
  }

  document.querySelectorAll('input[name="lang"]').forEach(function (input) {
    input.addEventListener("change", function () {
      document.documentElement.lang = shownLang();
      player(shownLang());
    });
  });

  document.querySelectorAll("button.seek").forEach(function (button) {
    button.addEventListener("click", function () {
      var p = player(shownLang());
      document.getElementById("recording").scrollIntoView({ behavior: "smooth" });
      Promise.resolve(p.seek(parseFloat(button.dataset.time))).then(function () { return p.play(); });
    });
  });

  player(shownLang());
  window.netshPlayers = players;  // for tests and the curious: the player of each language
})();
